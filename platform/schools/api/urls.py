"""Region API: schools, people, subjects, class groups, enrolments, assignments, parents."""

from django.urls import path

from schools.api import people, views

urlpatterns = [
    path("schools/", views.SchoolListApi.as_view(), name="schools"),
    path("schools/<int:pk>/", views.SchoolDetailApi.as_view(), name="school-detail"),
    path("people/", people.PeopleListApi.as_view(), name="people"),
    path("people/<int:pk>/", people.PersonDetailApi.as_view(), name="person-detail"),
    path("guardianships/", people.GuardianshipListApi.as_view(), name="guardianships"),
    path("subjects/", views.SubjectListApi.as_view(), name="subjects"),
    path("class-groups/", views.ClassGroupListApi.as_view(), name="class-groups"),
    path("class-groups/<int:pk>/", views.ClassGroupDetailApi.as_view(), name="class-group-detail"),
    path(
        "class-groups/<int:pk>/enrolments/", views.EnrolmentListApi.as_view(), name="class-group-enrolments"
    ),
    path(
        "class-groups/<int:pk>/assignments/",
        views.AssignmentListApi.as_view(),
        name="class-group-assignments",
    ),
    path(
        "class-groups/<int:pk>/assignments/<int:assignment_pk>/",
        views.AssignmentDetailApi.as_view(),
        name="class-group-assignment-detail",
    ),
]
