"""The outgoing e-mail queue: stored in the sender's transaction, claimed by one
sender, retried with backoff."""
