"""The public catalog of recommended activities. A feasible activity enters it
through `catalog.publishing.publish()`, called by the procedure's examination."""
