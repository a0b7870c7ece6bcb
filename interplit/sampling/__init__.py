__all__ = ['mse_loss', 'cross_entropy_loss', 'causal_lm_loss', 'default_nbeta', 'SampleResult', 'SamplingDiverged', 'sample', 'split_chains', 'Observable', 'as_observables', 'Sampler', 'SGLD', 'SGNHT', 'RMSProp', 'Diagonal', 'Preconditioner', 'LocalizationPrior', 'as_sampler', 'SAMPLERS', 'trace_covariance', 'trace_moments']

# %% ../../nbs/01_sampling.ipynb #dba3951a
from .chains import *
from .samplers import *
from .results import *
from .engine import *
from .chains import Layout as _Layout, per_sample_mean as _per_sample_mean   # names modules imported before the split
_all_ = ["mse_loss", "cross_entropy_loss", "causal_lm_loss", "default_nbeta", "SampleResult", "SamplingDiverged", "sample",
         "split_chains", "Observable", "as_observables", "Sampler", "SGLD", "SGNHT", "RMSProp", "Diagonal", "Preconditioner",
         "LocalizationPrior", "as_sampler", "SAMPLERS", "trace_covariance", "trace_moments"]