from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "矛盾纠纷化解"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import register_permissions
        from fazhi.procedure.machine import register

        from .workflow import LIT_MACHINE, MED_MACHINE, RC_MACHINE, Perm

        every = {Perm.VIEW, Perm.RECONSIDER, Perm.LITIGATE, Perm.MEDIATE, Perm.COMMITTEE}
        register_permissions(Role.FZB_ADMIN, every)
        register_permissions(Role.COUNTY_FZB, every)
        register_permissions(Role.LEGAL_STAFF, {Perm.VIEW, Perm.RECONSIDER, Perm.LITIGATE})
        register_permissions(Role.MEDIATOR, {Perm.VIEW, Perm.MEDIATE})
        register_permissions(Role.LEADER, {Perm.VIEW})
        for machine in (RC_MACHINE, LIT_MACHINE, MED_MACHINE):
            register(machine)

        from .indicators import register_all

        register_all()
