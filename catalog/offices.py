"""Names of BPS offices by code, for records that arrive with a code only.

Offices belong to `procedures.organisations`, a layer below the catalog (it is
reference data, not the workflow), so the catalog asks it directly."""

from procedures.organisations.selectors import office_directory

__all__ = ["office_directory"]
