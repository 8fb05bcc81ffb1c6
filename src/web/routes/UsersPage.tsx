import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { UserItem } from '../api/types';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { CreateUserForm } from '../features/users/CreateUserForm';
import { TwoFactorPolicyPanel } from '../features/users/TwoFactorPolicyPanel';
import { UserCard } from '../features/users/UserCard';
import { UserFilters, type UserFilter } from '../features/users/UserFilters';
import { errorMessage } from '../lib/errors';
import { usePaged } from '../lib/usePaged';

const PAGE_SIZE = 25;

export function UsersPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  // The search lives in the URL, so a filtered list survives a reload and can be shared.
  const [params, setParams] = useSearchParams();
  const filter: UserFilter = { q: params.get('q') ?? '', role: params.get('role') ?? '', region: params.get('region') ?? '' };
  const users = usePaged<UserItem>((cursor, signal) => api.users(cursor, PAGE_SIZE, signal, filter), [filter.q, filter.role, filter.region]);
  const filtered = filter.q !== '' || filter.role !== '' || filter.region !== '';
  const apply = (next: UserFilter) => {
    const search: Record<string, string> = {};
    if (next.q) search['q'] = next.q;
    if (next.role) search['role'] = next.role;
    if (next.region) search['region'] = next.region;
    setParams(search);
  };

  return (
    <Page
      title={t('users.title')}
      testId="page-users"
      actions={
        !creating && (
          <button
            type="button"
            className="btn btn--primary"
            data-testid="new-user"
            onClick={() => {
              setCreating(true);
              setCreated(null);
            }}
          >
            {t('users.create.open')}
          </button>
        )
      }
    >
      {created && <Alert kind="success">{t('users.create.success', { username: created })}</Alert>}
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(username) => {
            setCreating(false);
            setCreated(username);
            users.reload();
          }}
        />
      )}

      <section aria-labelledby="user-list-title" data-testid="user-list">
        <h2 id="user-list-title" className="visually-hidden">
          {t('users.list')}
        </h2>
        <UserFilters value={filter} onApply={apply} />
        {users.error !== undefined && <Alert kind="error">{errorMessage(users.error, t)}</Alert>}
        {users.loading && users.items.length === 0 ? (
          <Loading />
        ) : users.items.length === 0 && users.error === undefined ? (
          <p className="muted">{filtered ? t('users.filter.noMatch') : t('users.empty')}</p>
        ) : (
          <div className="user-list" aria-busy={users.loading}>
            {users.items.map((user) => (
              <UserCard
                key={user.id}
                user={user}
                onChange={(updated) => users.update((items) => items.map((u) => (u.id === updated.id ? updated : u)))}
              />
            ))}
          </div>
        )}
        {users.nextCursor && (
          <button type="button" className="btn load-more" onClick={users.loadMore} disabled={users.loadingMore}>
            {users.loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        )}
      </section>
      <TwoFactorPolicyPanel />
    </Page>
  );
}
