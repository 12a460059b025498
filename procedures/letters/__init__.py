"""Letters of decision: numbering, content, PDF, download and public verification."""
