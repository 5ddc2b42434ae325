from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public site: no login; it reads only through the public selectors of each module."""

    name = "fazhi.portal"
    label = "portal"
    verbose_name = "门户网站"
