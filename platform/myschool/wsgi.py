import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")
application = get_wsgi_application()

# What start-up made (modules, settings, the URL map, ...) lives as long as the
# process. Left to the garbage collector, its full rounds walk all of it again
# and again: a tenth of a diary week's Python. Frozen, they walk only what
# requests make.
gc.freeze()
