"""The hard rules of the contract, one module per family.

Each module offers plain predicates (used by the greedy pass, the explanations and candidate
filtering) and, where the rule couples several decisions, a constraint builder that adds it to
the CP-SAT model held in :class:`solver.model.ModelVars`. ``solver.check`` shares no code with
this package, so a plan is always verified independently.
"""
