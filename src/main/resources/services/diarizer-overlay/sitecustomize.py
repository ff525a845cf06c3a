"""Spark Control diarizer overlay, hook half.

Python imports ``sitecustomize`` at interpreter start from the first sys.path entry that has one; Spark
Control runs Parakeet with PYTHONPATH=/opt/spark-control-diarizer and copies this file there with
``docker cp`` (reapply-patches). It waits for FastAPI to be imported and then teaches every FastAPI app
created afterwards the diarizer's routes (spark_diarizer.py). It never stops Parakeet from starting:
any failure is printed to the container log and ignored.
"""
import os
import sys


def _chain_next_sitecustomize():
    # Ours shadows any sitecustomize the image ships; run that one too so the image behaves as before.
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        directory = os.path.abspath(entry or os.curdir)
        candidate = os.path.join(directory, "sitecustomize.py")
        if directory != here and os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("_spark_control_chained_sitecustomize", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return


def _patch_fastapi_when_imported():
    import importlib.abc
    import importlib.machinery

    class _FastApiFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname != "fastapi.applications":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is None or spec.loader is None:
                return spec
            load = spec.loader.exec_module

            def exec_module(module):
                load(module)
                try:
                    import spark_diarizer

                    spark_diarizer.patch(module.FastAPI)
                except Exception as e:  # the overlay must never break Parakeet
                    print("spark-control diarizer overlay: routes not added (%r)" % (e,), file=sys.stderr)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _FastApiFinder())


try:
    _patch_fastapi_when_imported()
except Exception as _e:
    print("spark-control diarizer overlay: hook not installed (%r)" % (_e,), file=sys.stderr)

try:
    _chain_next_sitecustomize()
except Exception as _e:
    print("spark-control diarizer overlay: the image's own sitecustomize failed (%r)" % (_e,), file=sys.stderr)
