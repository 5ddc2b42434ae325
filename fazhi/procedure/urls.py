from django.urls import path

from . import views_review

app_name = "procedure"

urlpatterns = [
    path("", views_review.review_desk, name="review_desk"),
    path("<uuid:code>/", views_review.review_page, name="review"),
    path("<uuid:code>/transition/", views_review.review_transition, name="review_transition"),
    path("<uuid:code>/object-transition/", views_review.review_target_transition, name="review_target_transition"),
    path("<uuid:code>/opinion.docx", views_review.review_opinion_docx, name="review_opinion_docx"),
]
