"""Kernel pieces that a module's own pages include."""

from django import template
from django.urls import reverse

from fazhi.procedure.choices import ReviewStatus
from fazhi.procedure.reviews import REVIEW_MACHINE

register = template.Library()


@register.inclusion_tag("procedure/reviews/_assignee.html", takes_context=True)
def review_assignee_panel(context, review):
    """Who handles a review (承办人), with 承办 / 分配承办人 where the user may take them, and the 意见书
    (.docx) once the opinion is given — the kernel's review steps on a module's own review page."""
    user = context["request"].user
    options = {o.action: o for o in REVIEW_MACHINE.options(user, review, include_blocked=False)
               if o.action in ("claim", "assign")}
    assign_form = None
    if "assign" in options:
        assign_form = REVIEW_MACHINE["assign"].form_class()(prefix="assign", user=user, obj=review,
                                                          initial={"assignee": review.assigned_to_id})
        assign_form.fields["assignee"].widget.attrs["class"] = "form-select form-select-sm w-auto"
    return {
        "review": review,
        "can_claim": "claim" in options,
        "assign_form": assign_form,
        "post_url": reverse("procedure:review_assignee", args=[review.code]),
        "docx_url": reverse("procedure:review_opinion_docx", args=[review.code])
        if review.status == ReviewStatus.DONE else "",
    }
