"""Site shell: home page, language, security headers, the demo and the worker."""
