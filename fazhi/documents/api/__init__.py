"""REST API of the normative-document module, under ``/api/v1/documents/``.

Staff endpoints read through ``selectors.document_list`` (scoped; a document is addressed by its
public ``code``) and write through ``services`` — every step of the procedure is
``POST …/{code}/transition/`` with ``{"action": …, …payload}`` dispatched by the kernel machine
(``workflow.MACHINE``); ``GET …/{code}/actions/`` lists the steps the caller may take now.
The public library, ``GET …/public/``, is the portal's (``fazhi.portal.api``).

``serializers`` holds the output serializers, ``inputs`` the input serializers (shape only: the rules
live in the services and workflow guards, 400 / 403 / 409 through ``core.api_base``), ``views`` the
viewsets. Routes: ``fazhi.documents.api_urls``.
"""

from .views import DocumentViewSet

__all__ = ["DocumentViewSet"]
