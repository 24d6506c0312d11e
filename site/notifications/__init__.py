"""Notifications: what the host site tells people, in the site and by email.

Plugins announce events through Wagtail hooks (a comment on a shared entry, a share with a
cohort, a reminder, a certificate, a completed course, an invitation, a facilitator's weekly
digest); `camino.notifications.listeners` turns each into a `Notification` for the people it
concerns. Each person chooses, per kind, how they hear about it (`NotificationPreference`):
an email at once, one email a day with everything new, or only on the site. Every email
carries a one-click unsubscribe for its kind (RFC 8058), signed, that works without signing in.

What a notification says: who did what, and a link. It never carries words that other people
wrote (a comment's text, a journal entry's title or body), except the recipient's own entry
titles, so nothing private outlives its share in someone's notifications or inbox; and when a
share is withdrawn, the notifications others had about it go too.
"""
