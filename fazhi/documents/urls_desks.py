"""The desks and statistics of the normative-document module (included by urls.py, app "documents").

The pre-check marks carry the DOCUMENT's public code (the review page itself is the kernel's); filings are addressed by their document's code, campaigns
and suggestions by their own codes. Paths start with lower-case words, so they never collide with the
document routes of urls.py.
"""

from django.urls import path

from .views import cleanup, desks, register, stats

urlpatterns: list = [
    path("reviews/<str:code>/findings/<int:index>/", desks.precheck_mark, name="precheck_mark"),
    path("filings/", desks.filing_desk, name="filing_desk"),
    path("filings/<str:code>/", desks.filing_decide, name="filing_decide"),
    path("filings/<str:code>/extend/", desks.filing_extend, name="filing_extend"),
    path("filings/<str:code>/package/", desks.filing_package, name="filing_package"),
    path("suggestions/", desks.suggestions, name="suggestions"),
    path("suggestions/<str:code>/", desks.suggestion_answer, name="suggestion_answer"),
    path("cleanup/", cleanup.campaigns, name="campaigns"),
    path("cleanup/new/", cleanup.campaign_create, name="campaign_create"),
    path("cleanup/<str:code>/", cleanup.campaign_detail, name="campaign_detail"),
    path("cleanup/<str:code>/publish/", cleanup.campaign_publish, name="campaign_publish"),
    path("cleanup/<str:code>/announcement/", cleanup.campaign_announcement, name="campaign_announcement"),
    path("cleanup/<str:code>/items/<str:doc_code>/", cleanup.cleanup_decide, name="cleanup_decide"),
    path("upper-laws/", cleanup.upper_laws, name="upper_laws"),
    path("upper-laws/<int:pk>/", cleanup.upper_law_detail, name="upper_law_detail"),
    path("stats/", stats.stats, name="stats"),
    path("register/", register.register, name="register"),
]
