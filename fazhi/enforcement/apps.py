from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import register_permissions
        from fazhi.procedure.machine import register

        from .workflow import MACHINE, Perm

        register_permissions(Role.ENFORCEMENT_OFFICER, {Perm.VIEW, Perm.MANAGE})
        register_permissions(Role.LEGAL_STAFF, {Perm.VIEW, Perm.MANAGE, Perm.REGISTER})
        register_permissions(Role.ENFORCEMENT_SUPERVISOR, {Perm.VIEW})
        register_permissions(Role.FZB_ADMIN, {Perm.VIEW, Perm.REGISTER})
        register_permissions(Role.COUNTY_FZB, {Perm.VIEW, Perm.REGISTER})
        register_permissions(Role.LEADER, {Perm.VIEW})
        register(MACHINE)

        from .review import register_review

        register_review()

        from .indicators import register_indicators

        register_indicators()
