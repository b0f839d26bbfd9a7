import traceback
from django.db import connection
from test_onglet_reservations import ajouter_enfants, creer_periode, url

def test_dump(parent_client, structure):
    grand = creer_periode(structure, semaines=8, nom="Huit semaines")
    ajouter_enfants(parent_client.foyer)
    parent_client.get(url("periode", grand.pk))
    out = []
    def wrap(execute, sql, params, many, context):
        pile = [f"{f.filename.split('site-packages/')[-1].split('/resa/')[-1]}:{f.lineno} {f.name}" for f in traceback.extract_stack() if ("/famille/" in f.filename or "/portail/" in f.filename or "wagtail/" in f.filename or "templat" in f.filename) and "test_zz" not in f.filename]
        out.append(sql[:120] + "\n   " + "\n   ".join(pile[-6:]))
        return execute(sql, params, many, context)
    with connection.execute_wrapper(wrap):
        parent_client.get(url("periode", grand.pk))
    open("/tmp/resa/q2.txt", "w").write("\n\n".join(f"{i+1}. {o}" for i, o in enumerate(out)))
