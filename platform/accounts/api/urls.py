from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/sign-ins/", views.SignInListApi.as_view(), name="sign-ins"),
    path("auth/sign-ins/<int:pk>/", views.SignInApi.as_view(), name="sign-in"),
    path("auth/sign-out-everywhere/", views.SignOutEverywhereApi.as_view(), name="sign-out-everywhere"),
    path("auth/locks/", views.LoginLockListApi.as_view(), name="login-locks"),
    path("auth/locks/<int:pk>/", views.LoginLockApi.as_view(), name="login-lock"),
]
