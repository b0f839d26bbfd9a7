"""Business rules of imports and exports, one module per concern:

- valeurs: reading one cell (dates dd/mm/yyyy, e-mail lists, amounts with a comma…)
- inscription: the school registration file, analysed by inscription_referentiel (what is
  already known), inscription_lignes (each row) and inscription_plan (what the import does),
  then written in bulk by inscription_ecriture
- simples: tariffs, closures and quotients through django-import-export resources
- pilotage: an import from upload to result (history, mapping, tasks, progress)
- exports: what each export contains and who may see its health columns
"""
