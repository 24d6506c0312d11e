"""Completion certificates: issue, revoke and reissue with a recorded history, PDFs, public
verification, and (the same frozen facts) Open Badges 3.0 credentials."""
