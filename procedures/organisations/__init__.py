"""BPS offices, agencies and their members, officer roles and profiles, closures
and the working-day calendar."""
