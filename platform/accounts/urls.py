"""Log-in pages and the language switch, mounted on the federation host and on every region host."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.choose_language, name="language"),
    path(
        "password/set/<uidb64>/<token>/",
        views.PasswordSetView.as_view(),
        name="password_set",
    ),
    path("password/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
