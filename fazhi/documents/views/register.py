"""统一登记簿 (三统一): the documents the 司法局 (or the government office) registered before they were numbered, and
those adopted and waiting to be registered — a page and an .xlsx export from one list specification."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.views.decorators.http import require_GET

from fazhi.core.permissions import has_perm
from fazhi.core.views_admin.common import ListSpec, Sort, list_page, require_perm

from .. import selectors
from ..choices import DocumentState
from ..filtersets import RegisterFilterSet
from ..workflow import Perm

REGISTER_SPEC = ListSpec(
    filterset_class=RegisterFilterSet,
    sorts={
        "registered": Sort("登记日期", ("registered_on", "id")),
        "title": Sort("文件名称", ("title", "id")),
    },
    default_sort="-registered",
    template="documents/register.html",
    table_template="documents/_register_table.html",
    export_filename="规范性文件统一登记簿",
    export_title="规范性文件统一登记簿",
    export_columns=[
        ("登记号", lambda d: d.registration_number or "（待登记）"),
        ("登记日期", lambda d: d.registered_on),
        ("文件名称", lambda d: d.title),
        ("制定机关", lambda d: d.issuing_agency.name),
        ("起草单位", lambda d: d.agency.name),
        ("文号", lambda d: d.number),
        ("公布日期", lambda d: d.publication_date),
        ("登记机关", lambda d: d.registrar.name if d.registrar_id else ""),
        ("登记人", lambda d: d.registered_by.display_name if d.registered_by_id else ""),
    ],
)


@login_required
@require_GET
def register(request):
    """统一登记簿 in the user's scope: registered documents, and the adopted ones awaiting registration."""
    user = request.user
    require_perm(user, Perm.VIEW, "您没有查看规范性文件的权限。")
    queryset = (selectors.document_list(user=user)
                .filter(Q(registered_on__isnull=False) | Q(state=DocumentState.DELIBERATED))
                .select_related("issuing_agency", "agency", "registrar", "registered_by"))
    return list_page(request, REGISTER_SPEC, queryset, context={"can_register": has_perm(user, Perm.REGISTER)})
