"""Business rules of imports and exports, one module per concern:

- valeurs: reading one cell (dates dd/mm/yyyy, e-mail lists, amounts with a comma…)
- inscription / inscription_ecriture: the school registration file (analysis, then bulk writing)
- simples: tariffs, closures and quotients through django-import-export resources
- pilotage: an import from upload to result (history, mapping, tasks, progress)
- exports: what each export contains and who may see its health columns
"""
