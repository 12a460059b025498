"""Applications, their versions, the FRKSS design forms and code lists, attachments
and their checks, the state machine, the applicant's permissions and pages."""
