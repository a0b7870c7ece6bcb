"Every input a user has, through the library: a `datasets.Dataset` with integer labels and a DataLoader give what the same tensors give."
import warnings
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

@pytest.fixture(scope="module")
def classifier():
    from interplit.models import mlp, fit
    from interplit.sampling import cross_entropy_loss
    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 4, generator=g); y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()
    torch.manual_seed(0); net = mlp((4, 8, 3)); fit(net, (x, y), cross_entropy_loss, steps=100, lr=1e-2)
    return net, x, y

def test_datasets_dataset_with_integer_labels_and_cross_entropy_loss(classifier):
    "A datasets.Dataset (features, label) with the built-in cross_entropy_loss: the same λ̂, chain by chain, as the tensors (x, y)."
    import datasets
    from interplit import estimate_llc, cross_entropy_loss
    net, x, y = classifier
    ds = datasets.Dataset.from_dict({"features": x.tolist(), "label": y.tolist()})
    kw = dict(lr=1e-4, gamma=100.0, num_chains=2, num_draws=20, batch_size=32, seed=0, progress=False)
    a = estimate_llc(net, ds, cross_entropy_loss, **kw)
    b = estimate_llc(net, (x, y), cross_entropy_loss, **kw)
    assert torch.allclose(torch.as_tensor(a.per_chain), torch.as_tensor(b.per_chain), rtol=1e-5, atol=1e-6), (a.per_chain, b.per_chain)

def test_dataloader_batch_size_override_is_stated(classifier):
    "A DataLoader's batch size is not used; a warning says so and how to keep it, and the result is the tensors' at that batch size."
    from interplit import estimate_llc, cross_entropy_loss
    net, x, y = classifier
    kw = dict(lr=1e-4, gamma=100.0, num_chains=2, num_draws=20, seed=0, progress=False)
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        a = estimate_llc(net, DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True), cross_entropy_loss, batch_size=16, **kw)
    msgs = [str(w.message) for w in ws if "DataLoader" in str(w.message)]
    assert msgs and "batch_size (16)" in msgs[0] and "pass batch_size=16" in msgs[0], [str(w.message) for w in ws]
    b = estimate_llc(net, (x, y), cross_entropy_loss, batch_size=16, **kw)
    assert torch.allclose(torch.as_tensor(a.per_chain), torch.as_tensor(b.per_chain), rtol=1e-5, atol=1e-6)

def test_nan_data_with_init_loss_and_minibatches_blames_the_data(classifier):
    "A NaN feature with init_loss= given (so L_n(w*) is never computed) and minibatches: the error names the data, not the step size."
    from interplit import sample, cross_entropy_loss
    net, x, y = classifier
    x = x.clone(); x[123, 2] = float("nan")
    before = {k: v.clone() for k, v in net.state_dict().items()}
    with pytest.raises(ValueError, match=r"the data, not the step size.*init_loss= was given") as e:
        sample(net, (x, y), cross_entropy_loss, init_loss=0.5, lr=1e-4, gamma=100.0, num_chains=2, num_draws=50, batch_size=32, seed=0, progress=False)
    assert "lr=" not in str(e.value) and "1 of the 200 samples" in str(e.value), str(e.value)
    assert all(torch.equal(v, net.state_dict()[k]) for k, v in before.items())       # the model is untouched
    with pytest.raises(ValueError, match="L_n"):                                      # without init_loss the whole data set is checked first
        sample(net, (x, y), cross_entropy_loss, lr=1e-4, gamma=100.0, num_chains=2, num_draws=50, batch_size=32, seed=0, progress=False)

def test_a_real_divergence_still_blames_the_step_size(classifier):
    from interplit import sample, cross_entropy_loss, SamplingDiverged
    net, x, y = classifier
    with pytest.raises(SamplingDiverged, match="step size is too large"):
        sample(net, (x, y), cross_entropy_loss, init_loss=0.5, lr=1e3, gamma=1.0, num_chains=2, num_draws=50, batch_size=32, seed=0, progress=False)
