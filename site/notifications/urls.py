from django.urls import path

from camino.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notifications_mark_all_read, name="read_all"),
    path("notifications/<int:notification_id>/", views.notification_open, name="open"),
    path(
        "notifications/<int:notification_id>/read/",
        views.notification_mark_read,
        name="read",
    ),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("accounts/notifications/", views.preferences, name="preferences"),
]
