"""Programme evaluation: reports and exports for programme admins, and follow-ups."""
