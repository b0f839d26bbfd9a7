"""Admin of Comptes Famille: foyers, children, custody, letters."""
