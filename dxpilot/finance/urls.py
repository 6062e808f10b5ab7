from __future__ import annotations

from django.urls import path

from dxpilot.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.product_list, name="products"),
    path("products/<int:pk>/refer/", views.refer, name="refer"),
    path("mine/", views.mine, name="mine"),
    path("referrals/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("banks/", views.banks, name="banks"),
    path("banks/<int:pk>/token/", views.bank_token, name="bank-token"),
]
