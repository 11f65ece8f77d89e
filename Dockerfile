# Opnamecapaciteit: one Streamlit replica. The data are NOT in the image: mount a mirror read-only at /data
# (or let the first start fetch them into /cache, see docs/DEPLOY.md). Build: docker build -t opnamecapaciteit .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CAPACITY_DATA_DIR=/data \
    CAPACITY_CACHE_DIR=/cache

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN useradd --create-home app && mkdir -p /cache /app/static && chown app /cache /app/static
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
