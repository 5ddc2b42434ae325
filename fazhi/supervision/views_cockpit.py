"""The cockpit (驾驶舱) and the leader's read-only view: the leader's home page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core.permissions import has_perm

from . import cockpit as figures
from .perms import Perm


@login_required
@require_GET
def cockpit(request):
    if not has_perm(request.user, Perm.VIEW):
        raise PermissionDenied
    data = figures.cockpit(request.user)
    return render(request, "supervision/cockpit.html", {"d": data, "chart_data": figures.chart_data(data)})
