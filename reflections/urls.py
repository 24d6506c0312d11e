from django.urls import path

from reflections import views

app_name = "reflections"

urlpatterns = [
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.entry_new, name="new"),
    path("journal/export/", views.journal_export, name="export"),
    path("journal/exports/<uuid:export_id>/", views.export_status, name="export_status"),
    path("journal/exports/<uuid:export_id>/pdf/", views.export_download, name="export_download"),
    path("journal/<int:entry_id>/", views.entry_detail, name="detail"),
    path("journal/<int:entry_id>/edit/", views.entry_edit, name="edit"),
    path("journal/<int:entry_id>/delete/", views.entry_delete, name="delete"),
    path("journal/<int:entry_id>/share/", views.entry_share, name="share"),
    path(
        "journal/<int:entry_id>/shares/<int:share_id>/withdraw/",
        views.share_withdraw,
        name="withdraw",
    ),
    path(
        "journal/<int:entry_id>/shares/<int:share_id>/comments/",
        views.comment_add,
        name="comment",
    ),
    path(
        "journal/<int:entry_id>/shares/<int:share_id>/responses/",
        views.share_responses,
        name="responses",
    ),
    path(
        "journal/<int:entry_id>/comments/<int:comment_id>/remove/",
        views.comment_remove,
        name="comment_remove",
    ),
    path(
        "journal/<int:entry_id>/comments/<int:comment_id>/hide/",
        views.comment_hide,
        name="comment_hide",
    ),
]
