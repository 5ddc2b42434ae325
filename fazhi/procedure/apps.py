from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    """Building blocks shared by the rule-making procedures (normative documents, major decisions):
    text versions, public comment calls with answers, and the legality review desk."""

    name = "fazhi.procedure"
    label = "procedure"
    verbose_name = "程序通用组件"
