"""The 征求意见 tab of a document: the kernel's comment desk (procedure.views_comments) on the document page —
comments entered by staff, screening before publication, answers in bulk (from templates or free text), and the
adoption summary published with the final document."""

from django.urls import reverse

from fazhi.procedure import views_comments

from .drafting import detail_part, detail_url, document_for, render_detail

EMPTY_HINT = "涉及公民、法人和其他组织权利义务的文件，送审前须公开征求意见：一般不少于7个工作日，涉及市场主体的不少于30日。"


def _urls(doc) -> dict:
    return {"enter": reverse("documents:comment_enter", args=[doc.code]),
            "bulk": reverse("documents:comments_bulk", args=[doc.code]),
            "summary": reverse("documents:comment_summary", args=[doc.code]),
            "page": detail_url(doc, "comments") + "&"}


@detail_part
def _comments_tab(request, doc, fact, drafter, extra) -> dict:
    return views_comments.comments_context(
        request, doc, urls=_urls(doc), call=fact.call, empty_hint=EMPTY_HINT, noun="文件", manager=drafter,
        **{key: value for key, value in extra.items() if key in views_comments.FORM_KEYS})


comment_enter, comments_bulk, comment_summary = views_comments.desk_views(
    fetch=lambda request, code: document_for(request, code), tab="comments", detail_url=detail_url,
    render_detail=render_detail)
