"""gunicorn reads this file from the working directory. Request lines up to 8190 bytes (gunicorn's maximum)
reach Django, whose UrlTooLongMiddleware answers anything over FAZHI_MAX_URL_LENGTH with a Chinese page."""

limit_request_line = 8190
