from django.contrib.auth import views as auth
from django.urls import path

from hecha.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password_change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", views.with_mail(auth.PasswordResetView.as_view()), name="password_reset"),
    path("password_reset/done/", views.with_mail(auth.PasswordResetDoneView.as_view()),
         name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.with_mail(auth.PasswordResetConfirmView.as_view()),
         name="password_reset_confirm"),
    path("reset/done/", views.with_mail(auth.PasswordResetCompleteView.as_view()),
         name="password_reset_complete"),
]  # fmt: skip
