"""Spark Control diarizer overlay, endpoint half: POST /v1/audio/diarize-chunk inside the Parakeet container.

Multipart ``file`` (any format librosa reads). Answers who spoke when in the chunk, with labels local to
the chunk in order of first speech, and one 192-float TitaNet fingerprint per label so the caller can match
speakers across chunks (the contract of reference/backend-contracts.md §4.3):

    {"duration": 300.0,
     "segments": [{"start_s": 0.48, "end_s": 6.12, "speaker": "Speaker_0", "confidence": 0.91}],
     "speakers_detected": ["Speaker_0", "Speaker_1"],
     "fingerprints": {"Speaker_0": [...192 floats]},
     "models": {"diarization": "nvidia/diar_sortformer_4spk-v1", "embedding": "titanet_large"}}

Models load on the first request (NeMo is imported lazily so Parakeet's start is not slowed); one request
runs at a time because parallel GPU FFTs on the Spark race (a 503 with Retry-After answers the others).
"""
import os
import tempfile
import threading

DIARIZATION_MODEL = os.environ.get("SPARK_DIARIZER_MODEL", "nvidia/diar_sortformer_4spk-v1")
EMBEDDING_MODEL = os.environ.get("SPARK_DIARIZER_EMBEDDING", "nvidia/speakerverification_en_titanet_large")
SAMPLE_RATE = 16000
FRAME_SECONDS = 0.08  # Sortformer emits one prediction per 80 ms
MIN_FINGERPRINT_SECONDS = 0.5

_models = {}
_load_lock = threading.Lock()
_gpu_lock = threading.Lock()


def patch(fastapi_class):
    """Wraps FastAPI.__init__ so every app gets the routes; idempotent."""
    if getattr(fastapi_class, "_spark_control_diarizer", False):
        return
    original_init = fastapi_class.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        add_routes(self)

    fastapi_class.__init__ = __init__
    fastapi_class._spark_control_diarizer = True


def add_routes(app):
    from fastapi import File, UploadFile
    from fastapi.responses import JSONResponse

    def diarize_chunk(file: UploadFile = File(...)):
        if not _gpu_lock.acquire(blocking=False):
            return JSONResponse({"detail": "the diarizer is busy; send chunks one at a time"}, status_code=503,
                                headers={"Retry-After": "5"})
        try:
            return JSONResponse(diarize(file.file.read()))
        except ImportError as e:
            return JSONResponse({"detail": "NeMo is not available in this container: %s" % e}, status_code=503)
        except ValueError as e:
            return JSONResponse({"detail": str(e)}, status_code=400)
        finally:
            _gpu_lock.release()

    app.add_api_route("/v1/audio/diarize-chunk", diarize_chunk, methods=["POST"])


def _load():
    with _load_lock:
        if not _models:
            from nemo.collections.asr.models import EncDecSpeakerLabelModel, SortformerEncLabelModel

            diarizer = SortformerEncLabelModel.from_pretrained(DIARIZATION_MODEL)
            diarizer.eval()
            embedder = EncDecSpeakerLabelModel.from_pretrained(EMBEDDING_MODEL)
            embedder.eval()
            _models.update(diarizer=diarizer, embedder=embedder)
    return _models["diarizer"], _models["embedder"]


def diarize(audio_bytes):
    import librosa
    import numpy as np
    import soundfile

    if not audio_bytes:
        raise ValueError("the file is empty")
    diarizer, embedder = _load()
    with tempfile.TemporaryDirectory(prefix="spark-diarize-") as work:
        upload = os.path.join(work, "upload")
        with open(upload, "wb") as f:
            f.write(audio_bytes)
        try:
            samples, _ = librosa.load(upload, sr=SAMPLE_RATE, mono=True)
        except Exception as e:
            raise ValueError("the file is not audio librosa can read: %s" % e)
        wav = os.path.join(work, "chunk.wav")
        soundfile.write(wav, samples, SAMPLE_RATE)
        lines, predictions = diarizer.diarize([wav], batch_size=1, include_tensor_outputs=True)
        probabilities = predictions[0].detach().float().cpu().numpy() if hasattr(predictions[0], "detach") \
            else np.asarray(predictions[0])
        if probabilities.ndim == 3:
            probabilities = probabilities[0]

        labels = {}
        segments = []
        turns = []
        for line in lines[0]:  # "<start> <end> speaker_<k>"
            start, end, raw = line.split()
            turns.append((float(start), float(end), int(raw.rsplit("_", 1)[1])))
        for start, end, index in sorted(turns):
            label = labels.setdefault(index, "Speaker_%d" % len(labels))
            first, last = int(start / FRAME_SECONDS), max(int(start / FRAME_SECONDS) + 1, int(end / FRAME_SECONDS))
            frames = probabilities[first:last, index] if index < probabilities.shape[1] else []
            confidence = round(float(np.mean(frames)), 3) if len(frames) else None
            segments.append({"start_s": round(start, 2), "end_s": round(end, 2), "speaker": label,
                             "confidence": confidence, "_index": index})

        fingerprints = {}
        for index, label in labels.items():
            pieces = [samples[int(s["start_s"] * SAMPLE_RATE):int(s["end_s"] * SAMPLE_RATE)]
                      for s in segments if s["_index"] == index]
            voice = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
            if len(voice) < MIN_FINGERPRINT_SECONDS * SAMPLE_RATE:
                continue
            path = os.path.join(work, "speaker-%d.wav" % index)
            soundfile.write(path, voice, SAMPLE_RATE)
            embedding = embedder.get_embedding(path).squeeze().detach().float().cpu().numpy()
            fingerprints[label] = [round(float(v), 6) for v in embedding]

        for s in segments:
            del s["_index"]
        return {
            "duration": round(len(samples) / SAMPLE_RATE, 3),
            "segments": segments,
            "speakers_detected": list(labels.values()),
            "fingerprints": fingerprints,
            "models": {"diarization": DIARIZATION_MODEL, "embedding": "titanet_large"},
        }
