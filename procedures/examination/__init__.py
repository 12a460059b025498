"""The office's work: queue, notes, consultations, proposals, sign-off, publication
to the catalog, walidata checks, walk-ins, reminders and the officers' pages."""
