from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "fazhi.documents"
    label = "documents"
    verbose_name = "行政规范性文件"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import P, register_permissions

        from .workflow import Perm

        drafting = {Perm.VIEW, Perm.DRAFT, P.ISSUE_NUMBER}
        register_permissions(Role.FZB_ADMIN, drafting | {Perm.FILING_REVIEW, Perm.CLEANUP})
        register_permissions(Role.COUNTY_FZB, drafting | {Perm.FILING_REVIEW, Perm.CLEANUP})
        register_permissions(Role.LEGAL_STAFF, drafting)
        register_permissions(Role.DRAFTER, drafting)
        register_permissions(Role.REVIEWER, {Perm.VIEW, Perm.REVIEW, Perm.FILING_REVIEW})
        register_permissions(Role.LEADER, {Perm.VIEW})
        register_permissions(Role.ENFORCEMENT_SUPERVISOR, {Perm.VIEW})
