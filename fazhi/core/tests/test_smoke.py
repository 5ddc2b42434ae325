from fazhi.core import audit
from fazhi.core.models import AuditEvent


def test_the_org_fixture_writes_an_intact_audit_chain(people):
    result = audit.verify()
    assert result.ok, result.reason
    assert result.count == AuditEvent.objects.count() > 10
