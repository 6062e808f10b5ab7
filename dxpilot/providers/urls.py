from __future__ import annotations

from django.urls import path

from dxpilot.providers.views import applications, products, profiles

app_name = "providers"

urlpatterns = [
    path("", profiles.provider_list, name="list"),
    path("register/", applications.register, name="register"),
    path("mine/", applications.mine, name="mine"),
    path("<int:pk>/", profiles.provider_detail, name="detail"),
    path("<int:pk>/application/", applications.application, name="application"),
    path("<int:pk>/application/<str:item>/", applications.add_item, name="add-item"),
    path(
        "<int:pk>/application/<str:item>/<int:item_pk>/remove/",
        applications.remove_item,
        name="remove-item",
    ),
    path("<int:pk>/submit/", applications.submit, name="submit"),
    path("<int:pk>/review/", applications.review, name="review"),
    path("<int:pk>/sanction/", profiles.sanction, name="sanction"),
    path("<int:pk>/evaluate/", profiles.evaluate, name="evaluate"),
    path("<int:pk>/decisions/<int:decision_pk>/appeal/", profiles.appeal, name="appeal"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/decide/", profiles.decide_appeal, name="decide-appeal"
    ),
    path("attachments/<int:pk>/", profiles.download_attachment, name="attachment"),
    path("products/", products.product_list, name="product-list"),
    path("products/new/", products.product_new, name="product-new"),
    path("products/<int:pk>/", products.product_detail, name="product-detail"),
    path("products/<int:pk>/edit/", products.product_edit, name="product-edit"),
    path("products/<int:pk>/submit/", products.product_submit, name="product-submit"),
    path("products/<int:pk>/review/", products.product_review, name="product-review"),
    path("products/<int:pk>/action/", products.product_action, name="product-action"),
    path("products/<int:pk>/attach/", products.product_attach, name="product-attach"),
]
