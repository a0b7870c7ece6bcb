"""interplit: developmental interpretability and lens methods for any PyTorch / Hugging Face model.

The public entry points are importable from the package itself, `from interplit import estimate_llc, bif,
TunedLens`; each is loaded from its module (`_API` below says which) the first time it is asked for, so
`import interplit` alone stays fast (it does not import torch). `interplit.bif` and `interplit.lds` are the
functions of those names; their modules are imported as usual: `from interplit.bif import BIFResult`.

This is the one hand-written file of the package; every other `interplit/*.py` is exported from `nbs/`."""
import importlib, sys, types

__version__ = "0.0.1"

_API = {  # name -> module of interplit that defines it
    "core": ["as_source", "DataSource", "get_device", "seed_everything"],
    "models": ["mlp", "fit", "deep_linear_network", "gpt2", "python_lm"],
    "data": ["HeadsLanguage"],
    "arch": ["register_adapter", "Adapter", "head_layout"],
    "sampling": ["sample", "SampleResult", "SamplingDiverged", "mse_loss", "cross_entropy_loss", "causal_lm_loss", "default_nbeta",
                 "Observable", "Sampler", "SGLD", "SGNHT", "RMSProp", "Diagonal", "SamplerSettings", "DEFAULTS", "EstimatorResult",
                 "trace_covariance"],
    "stats": ["convergence_verdict", "verdict_of", "Verdict", "gamma_sensitivity", "LocalizationWarning"],
    "llc": ["estimate_llc", "llc_from_samples", "calibrate", "LLCResult", "CalibrationResult", "gradient_bias_bound"],
    "theory": ["regular_lc", "rrr_lc", "dln_lc"],
    "refine": ["refined_llc", "refined_llc_over_checkpoints", "RefinedLLC"],
    "susceptibilities": ["susceptibilities", "SusceptibilityResult"],
    "bif": ["bif", "BIFResult", "calibrate_bif", "laplace_bif"],
    "lds": ["lds"],
    "kernel": ["loss_kernel", "KernelResult"],
    "lens": ["LogitLens", "TunedLens", "model_parts"],
    "lens_train": ["train_tuned_lens", "evaluate_lenses", "LensEvaluation"],
    "lens_causal": ["causal_basis", "stimulus_response", "ablate_subspace"],
    "trajectory": ["PredictionTrajectory"],
}
_WHERE = {name: mod for mod, names in _API.items() for name in names}
__all__ = list(_WHERE)

def __getattr__(name):
    mod = _WHERE.get(name)
    if mod is None: raise AttributeError(f"module 'interplit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{mod}"), name)
    globals()[name] = value
    return value

def __dir__(): return sorted(set(globals()) | set(_WHERE))

class _Package(types.ModuleType):
    "Keeps `interplit.bif` / `interplit.lds` the functions when Python's import system sets the submodule of that name."
    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == name: return
        super().__setattr__(name, value)

sys.modules[__name__].__class__ = _Package
