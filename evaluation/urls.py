from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("dashboard/follow-ups/<int:follow_up_id>/", views.follow_up, name="follow_up"),
]
