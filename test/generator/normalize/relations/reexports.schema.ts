// A table re-exported by another file belongs to the file that declares it.
export { users as accounts } from './people.schema'
export { role } from './people.schema'
