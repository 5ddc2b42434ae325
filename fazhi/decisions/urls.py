"""Staff pages of the major-decision module.

Decisions are addressed by their public code (10 characters of digits and capitals, never the id); the
converter keeps the lower-case paths (catalogues/, proposals/, experts/, reviews/, …) out of the decision
routes.
"""

from django.urls import path, register_converter

from fazhi.core.codes import PublicCodeConverter

from .views import catalogue, decisions, execution, experts, meeting, stats

register_converter(PublicCodeConverter, "deccode")

app_name = "decisions"

urlpatterns: list = [
    path("", decisions.decision_list, name="list"),
    path("mine/", decisions.my_decisions, name="mine"),
    path("new/", decisions.decision_create, name="create"),
    path("catalogues/", catalogue.catalogue_list, name="catalogues"),
    path("catalogues/<deccode:code>/", catalogue.catalogue_detail, name="catalogue"),
    path("catalogues/<deccode:code>/publish/", catalogue.catalogue_publish, name="catalogue_publish"),
    path("proposals/", catalogue.proposal_list, name="proposals"),
    path("proposals/new/", catalogue.proposal_create, name="proposal_create"),
    path("proposals/<deccode:code>/", catalogue.proposal_detail, name="proposal"),
    path("experts/", experts.expert_pool, name="expert_pool"),
    path("assignments/", experts.my_assignments, name="my_assignments"),
    path("execution/", execution.execution_list, name="execution"),
    path("stats/", stats.stats, name="stats"),
    path("<deccode:code>/", decisions.decision_detail, name="detail"),
    path("<deccode:code>/edit/", decisions.decision_edit, name="edit"),
    path("<deccode:code>/transition/", decisions.decision_transition, name="transition"),
    path("<deccode:code>/versions/diff/", decisions.versions_diff, name="versions_diff"),
    path("<deccode:code>/comments/new/", experts.comment_enter, name="comment_enter"),
    path("<deccode:code>/comments/bulk/", experts.comments_bulk, name="comments_bulk"),
    path("<deccode:code>/experts/", experts.decision_experts, name="experts"),
    path("<deccode:code>/experts/select/", experts.expert_select, name="expert_select"),
    path("<deccode:code>/experts/<int:pk>/opinion/", experts.expert_opinion_received, name="expert_opinion"),
    path("<deccode:code>/experts/<int:pk>/adoption/", experts.expert_adoption, name="expert_adoption"),
    path("<deccode:code>/meeting/", meeting.meeting_record, name="meeting"),
    path("<deccode:code>/execution/report/", execution.execution_report, name="execution_report"),
    path("<deccode:code>/accountability/", execution.accountability, name="accountability"),
]
