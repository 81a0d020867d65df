"""Load test: the app under gunicorn on loopback with ten years of national history."""
