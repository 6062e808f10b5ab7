from __future__ import annotations

from django.urls import path

from dxpilot.parks import views

app_name = "parks"

urlpatterns = [
    path("", views.park_list, name="list"),
    path("new/", views.park_new, name="park-new"),
    path("<int:pk>/", views.park_detail, name="park"),
    path("<int:pk>/edit/", views.park_edit, name="park-edit"),
    path("events/", views.event_list, name="events"),
    path("events/calendar/", views.event_calendar, name="calendar"),
    path("events/new/", views.event_new, name="event-new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/held/", views.event_held, name="event-held"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event-cancel"),
    path("events/<int:pk>/photos/", views.event_photo, name="event-photo"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
