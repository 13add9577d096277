from django.urls import path

from vidan.api import views

app_name = "apitokens"

urlpatterns = [
    path("staff/tokens/", views.api_tokens, name="list"),
    path("staff/tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="revoke"),
]
