"""The privacy policy as data: loaded, validated, linted and compared between versions.

The policy file (policy.yaml) is the single source for what JobExp collects, why, on what legal
basis, for how long and for whom; the rest of the service asks this package, never its own copy.
"""

from jobexp.policy.loader import (
    PolicyError,
    load_policy,
    load_service_agreement,
    parse_policy,
    service_agreement_version,
)
from jobexp.policy.model import (
    Category,
    Clause,
    LocalizedText,
    Permission,
    Policy,
    Purpose,
    Recipient,
    Region,
    Retention,
    UnknownId,
    Updates,
)

__all__ = [
    "Category",
    "Clause",
    "LocalizedText",
    "Permission",
    "Policy",
    "PolicyError",
    "Purpose",
    "Recipient",
    "Region",
    "Retention",
    "UnknownId",
    "Updates",
    "load_policy",
    "load_service_agreement",
    "parse_policy",
    "service_agreement_version",
]
