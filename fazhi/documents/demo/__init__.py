"""Demo data of the normative-document module: about sixty 行政规范性文件 of the demo prefecture in every
state, loaded by ``manage.py load_documents_demo`` after the core demo (``manage.py load_demo``).

``data`` holds the tables (accounts, upper laws, documents with their texts and how far each has gone,
campaigns, suggestions); ``loader`` runs them through the services on the dates they happened.
Never loaded under production settings.
"""

from .loader import load_documents_demo

__all__ = ["load_documents_demo"]
