"""Trajectories, the lens explorer and trajectory anomaly detection on a tiny random GPT-2 (seconds, no cache)."""
import math
import numpy as np
import pytest
import torch
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy as sp_entropy
from sklearn.metrics import roc_auc_score

from interplit.anomaly import auroc_ci, fit_anomaly_detector, anomaly_scores, prompt_features, feature_names, shuffle_tokens
from interplit.data import train_tokenizer
from interplit.lens import LogitLens, TunedLens
from interplit.lens_widgets import LensExplorer
from interplit.models import gpt2
from interplit.trajectory import PredictionTrajectory, lens_log_probs

TEXTS = ["def add(a, b):\n    return a + b\n", "for i in range(10):\n    print(i)\n", "class A:\n    x = 1\n"] * 20


@pytest.fixture(scope="module")
def tiny():
    tok = train_tokenizer(TEXTS, vocab_size=300)
    model = gpt2(tok.vocab_size, n_layer=2, n_head=2, n_embd=16, n_positions=32, seed=0).eval()
    return model, tok


def test_js_tv_match_scipy_and_bounds():
    g = torch.Generator().manual_seed(1)
    a = PredictionTrajectory((torch.randn(3, 5, 20, generator=g) * 3).log_softmax(-1))
    b = PredictionTrajectory((torch.randn(3, 5, 20, generator=g) * 3).log_softmax(-1))
    P, Q = a.probs.double().numpy(), b.probs.double().numpy()
    np.testing.assert_allclose(a.js_divergence(b).values, jensenshannon(P, Q, axis=-1) ** 2, atol=1e-5)
    np.testing.assert_allclose(a.total_variation(b).values, 0.5 * np.abs(P - Q).sum(-1), atol=1e-5)
    np.testing.assert_allclose(a.kl_to_final().values, sp_entropy(np.broadcast_to(P[-1:], P.shape), P, axis=-1), atol=1e-5)
    assert a.js_divergence(b).values.max() <= math.log(2) + 1e-6


def test_trajectory_from_prompt_matches_hf(tiny):
    model, tok = tiny
    t = PredictionTrajectory.from_prompt(model, tok, LogitLens.from_model(model), "def add(a, b):")
    ids = torch.tensor(tok("def add(a, b):")["input_ids"])
    with torch.no_grad(): o = model(ids[None], output_hidden_states=True)
    ref = torch.stack([model.lm_head(model.transformer.ln_f(h[0])) for h in o.hidden_states[:2]] + [o.logits[0]]).log_softmax(-1)
    torch.testing.assert_close(t.log_probs, ref, atol=1e-5, rtol=0)
    assert t.targets.tolist() == ids[1:].tolist() + [-1]
    assert math.isnan(t.rank().values[0, -1])


def test_explorer_headless(tiny):
    model, tok = tiny
    logit, tuned = LogitLens.from_model(model), TunedLens.from_model(model)
    with torch.no_grad():
        for tr in tuned.translators: tr.weight.normal_(0, 0.1)
    ex = LensExplorer(model, tok, {"logit": logit, "tuned": tuned}, prompt="for i in range(3):", draw=False)
    ex.layer.value, ex.position.value = 1, 2
    ref = PredictionTrajectory.from_prompt(model, tok, logit, "for i in range(3):")
    assert ex.topk.id.tolist() == ref.log_probs[1, 2].topk(5).indices.tolist()
    ex.lens.value, ex.statistic.value, ex.against.value = "tuned", "total variation", "logit"
    np.testing.assert_allclose(ex.statistic_result.values, ex.trajectory.total_variation(ref).values, atol=1e-9)
    ex.prompt.value = "x"
    assert ex.position.max == len(tok("x")["input_ids"]) - 1


def test_auroc_and_detector():
    rng = np.random.default_rng(0)
    sn, sa = rng.normal(size=200), rng.normal(1.0, size=200)
    r = auroc_ci(sn, sa, n_bootstrap=300)
    assert abs(r.auroc - roc_auc_score(np.r_[np.zeros(200), np.ones(200)], np.r_[sn, sa])) < 1e-12
    assert r.lo < r.auroc < r.hi
    with pytest.raises(ValueError, match="'iforest' or 'lof'"): fit_anomaly_detector(rng.normal(size=(10, 2)), "svm")


def test_prompt_features_shape(tiny):
    model, tok = tiny
    ids = torch.randint(0, tok.vocab_size, (6, 12), generator=torch.Generator().manual_seed(0))
    F = prompt_features(model, LogitLens.from_model(model), ids, batch_size=4)
    assert F.shape == (6, len(feature_names(2))) and np.isfinite(F).all()
    assert (shuffle_tokens(ids).sort(1).values == ids.sort(1).values).all()
    lp = lens_log_probs(model, LogitLens.from_model(model), ids)
    assert lp.shape == (6, 3, 12, tok.vocab_size)
