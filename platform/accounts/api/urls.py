from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/locks/", views.LoginLockListApi.as_view(), name="login-locks"),
    path("auth/locks/<int:pk>/", views.LoginLockApi.as_view(), name="login-lock"),
]
